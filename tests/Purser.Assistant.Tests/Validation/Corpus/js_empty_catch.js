const fs = require('fs');

/** Removes a file if it can. */
function remove(path) {
  try {
    fs.unlinkSync(path);
  } catch (error) {}
}

module.exports = { remove };
