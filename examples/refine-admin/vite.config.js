import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Served by the sample at /refine (same origin as /auth and /api: no CORS, the bearer token in localStorage
// as in the reference's JWT example). `npm run dev` proxies the APIs to a sample running on :8080.
export default defineConfig({
  base: "/refine/",
  plugins: [react()],
  server: {
    proxy: { "/auth": "http://localhost:8080", "/api": "http://localhost:8080" },
  },
  build: { outDir: "dist", emptyOutDir: true },
});
