/** Finds a user. */
async function findUser(db, name) {
  try {
    return await db.query(`SELECT * FROM users WHERE name = '${name}'`);
  } catch (error) {
    throw new Error('query failed', { cause: error });
  }
}

/** Finds a user safely. */
async function findUserSafely(db, name) {
  try {
    return await db.query('SELECT * FROM users WHERE name = $1', [name]);
  } catch (error) {
    throw new Error('query failed', { cause: error });
  }
}

/** Deletes a user. */
async function deleteUser(db, id) {
  try {
    return await db.query("DELETE FROM users WHERE id = " + id);
  } catch (error) {
    throw new Error('delete failed', { cause: error });
  }
}

module.exports = { findUser, findUserSafely, deleteUser };
