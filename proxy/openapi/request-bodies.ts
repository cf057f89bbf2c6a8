/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses) of the request bodies the gateway knows, keyed by
 * `METHOD path` of the route table. The Auth service validates these bodies itself (CONTRACT
 * §7.1.2); the schemas document what it accepts so clients need not read Auth's source.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

const email: JsonSchema = {
  type: 'string',
  format: 'email',
  description: 'Trimmed and lower-cased by Auth; must look like local@domain.tld.',
};

const password: JsonSchema = {
  type: 'string',
  minLength: 8,
  maxLength: 128,
  description:
    'At least 8 characters with a lowercase and an uppercase letter, a digit and one of !@#$%^&*(),.?":{}|<>.',
};

const oneTimeToken: JsonSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 256,
  description: 'The token from the emailed link.',
};

const object = (properties: Record<string, JsonSchema>, required: readonly string[]): JsonSchema => ({
  type: 'object',
  properties,
  required,
});

const emailOnly = object({ email }, ['email']);
const tokenAndPassword = object({ token: oneTimeToken, password }, ['token', 'password']);

export const requestBodies: Readonly<Record<string, JsonSchema>> = {
  'POST /auth/login': object({ email, password: { type: 'string', minLength: 1 } }, ['email', 'password']),
  'POST /auth/register': object(
    { email, password, fullName: { type: 'string', description: 'Sent by the PWA; Auth ignores it.' } },
    ['email', 'password'],
  ),
  'POST /auth/forgot': emailOnly,
  'POST /auth/password-reset/request': emailOnly,
  'POST /auth/password-reset/confirm': tokenAndPassword,
  'POST /auth/reset': tokenAndPassword,
  'POST /auth/verify-email': object({ token: oneTimeToken }, ['token']),
  'POST /auth/resend-verification': emailOnly,
};
