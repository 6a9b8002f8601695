const crypto = require('crypto');

/** A checksum of a buffer. */
function checksum(buffer) {
  return crypto.createHash('md5').update(buffer).digest('hex');
}

/** Hashes a password. */
function hashPassword(password) {
  return crypto.createHash('sha1').update(password).digest('hex');
}

module.exports = { checksum, hashPassword };
