// Stands in for Node's `crypto` in the browser bundle: @stablelib/random (a dependency of the
// bbs+2020 library) requires it only when no Web Crypto exists, which never happens in a page.
export default {};
