'use strict';

// What the proxy bundle takes from undici, in place of its index.js: that one requires every
// undici module at load (fetch, WebSocket, cookies, mocks, proxy agents), a sixth of the proxy's
// start-up. As index.js does, the convenience methods (`request`, `stream`, …) join Dispatcher.
const Dispatcher = require('undici/lib/dispatcher/dispatcher');

Object.assign(Dispatcher.prototype, require('undici/lib/api'));

module.exports = {
  Pool: require('undici/lib/dispatcher/pool'),
  errors: require('undici/lib/core/errors'),
};
