// A test module whose run() rejects: the harness must report exit code 1.
exports.run = async function run() {
  console.log('host selftest: failing on purpose');
  throw new Error('deliberate failure');
};
