import { createHash } from 'node:crypto';
import type { SandboxRequest } from '../http/router.js';

/** The device fields Auth stores with every refresh token (CONTRACT §7.1.4). */
export interface DeviceInfo {
  deviceName: string;
  deviceType: 'desktop' | 'mobile' | 'tablet';
  deviceId: string;
  userAgent: string;
  ipAddress: string;
}

function headerValue(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Auth trusts proxy headers blindly (CONTRACT §7.1.3); the sandbox copies that so the BFF's forwarding shows. */
export function clientIp(req: SandboxRequest): string {
  const forwarded = headerValue(req.headers['x-forwarded-for']).split(',')[0]?.trim();
  if (forwarded) return forwarded;
  const realIp = headerValue(req.headers['x-real-ip']).trim();
  return realIp || req.remoteAddress;
}

function browserOf(ua: string): string {
  if (/Edg\//.test(ua)) return 'Edge';
  if (/OPR\/|Opera/.test(ua)) return 'Opera';
  if (/Firefox\//.test(ua)) return 'Firefox';
  if (/Chrome\/|CriOS\//.test(ua)) return 'Chrome';
  if (/Safari\//.test(ua)) return 'Safari';
  return 'Unknown browser';
}

function osOf(ua: string): string {
  if (/iPhone|iPad|iPod/.test(ua)) return 'iOS';
  if (/Android/.test(ua)) return 'Android';
  if (/Windows/.test(ua)) return 'Windows';
  if (/Mac OS X|Macintosh/.test(ua)) return 'macOS';
  if (/Linux/.test(ua)) return 'Linux';
  return 'Unknown OS';
}

function deviceTypeOf(ua: string): DeviceInfo['deviceType'] {
  if (/iPad|Tablet/.test(ua)) return 'tablet';
  if (/Mobi|iPhone|Android/.test(ua)) return 'mobile';
  return 'desktop';
}

export function deviceInfo(req: SandboxRequest): DeviceInfo {
  const userAgent = headerValue(req.headers['user-agent']).slice(0, 500);
  const ipAddress = clientIp(req);
  return {
    deviceName: `${browserOf(userAgent)} on ${osOf(userAgent)}`,
    deviceType: deviceTypeOf(userAgent),
    deviceId: createHash('sha256').update(`${userAgent}|${ipAddress}`).digest('hex').slice(0, 32),
    userAgent,
    ipAddress,
  };
}
