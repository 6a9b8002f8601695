// Starts the Portkey gateway (@portkey-ai/gateway, installed here by bench/run.sh) on 127.0.0.1 only.
// Its start-server.js calls serve({ fetch, port }) with no hostname, so Node would listen on every interface;
// no flag or variable changes that, so this wrapper pins the host of the first numeric listen() to loopback.
// usage: node portkey-loopback.mjs <port>
import http from 'node:http';

const port = Number.parseInt(process.argv[2] ?? '', 10);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('usage: node portkey-loopback.mjs <port>');
  process.exit(2);
}

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number') {
    const callback = args.find((a) => typeof a === 'function');
    return callback ? listen.call(this, args[0], '127.0.0.1', callback) : listen.call(this, args[0], '127.0.0.1');
  }
  return listen.apply(this, args);
};

process.argv.splice(2, process.argv.length - 2, `--port=${port}`, '--headless');
await import('./node_modules/@portkey-ai/gateway/build/start-server.js');
