const fs = require('fs');

/** Reads a file, or null. */
function read(path) {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (error) {
    console.error('cannot read', path, error.message);
    return null;
  }
}

module.exports = { read };
