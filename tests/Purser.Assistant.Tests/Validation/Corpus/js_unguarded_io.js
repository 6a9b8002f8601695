/** Fetches a page's text. */
async function page(url) {
  const response = await fetch(url);
  return response.text();
}

module.exports = { page };
