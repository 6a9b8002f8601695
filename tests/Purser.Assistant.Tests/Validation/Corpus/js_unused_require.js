const path = require('path');
const os = require('os');
const { join, resolve } = require('path');

/** The config file. */
function configFile(folder) {
  return join(folder, path.basename('config.json'));
}

module.exports = { configFile };
