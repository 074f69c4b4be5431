// Read at run time, before the app: where the refauth API is. "" when the app and the API share an origin (the
// sample serving this app at /refine, or a proxy such as `vite preview` in front of both); the API's origin
// (e.g. "https://api.example.com") when the app is served from an origin of its own. A deployment replaces this
// file; nothing is rebuilt.
window.REFAUTH_CONFIG = { apiUrl: "" };
