/** Evaluates an expression. */
function calculate(expression) {
  return eval(expression);
}

/** Runs code later. */
function later(code) {
  setTimeout("run(" + code + ")", 100);
}

module.exports = { calculate, later };
