/** Adds. */
function add(a, b) {
  return a + ;
}

module.exports = { add };
