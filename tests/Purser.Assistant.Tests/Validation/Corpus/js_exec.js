const { exec, execFile } = require('child_process');

/** Lists a folder. */
function list(folder, done) {
  exec(`ls -la ${folder}`, done);
}

/** Lists a folder safely. */
function listSafely(folder, done) {
  execFile('ls', ['-la', folder], done);
}

module.exports = { list, listSafely };
