const https = require('https');

/** An agent that trusts any certificate. */
function insecureAgent() {
  return new https.Agent({ rejectUnauthorized: false });
}

module.exports = { insecureAgent };
