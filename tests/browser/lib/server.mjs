// A static file server for a built site, bound to 127.0.0.1 on a free port, behaving like a
// plain static host: /dir/ serves dir/index.html, /dir redirects to /dir/, anything else
// missing is a 404 with the site's 404.html.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8',
};

/**
 * Serves `root`. `options.split(rel, body)` may return a byte offset for a file: the
 * server then sends the body up to it, waits `options.pauseMs` (default 500) and sends the
 * rest, as a slow connection delivers a page in two parts (the browser paints the first).
 */
export function serve(root, options = {}) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(base, rel);
    if (!file.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    if (rel.endsWith('/')) file = path.join(file, 'index.html');
    else if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      res.writeHead(301, { location: rel + '/' }).end();
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        const notFound = path.join(base, '404.html');
        res.writeHead(404, { 'content-type': TYPES['.html'] });
        res.end(fs.existsSync(notFound) ? fs.readFileSync(notFound) : 'not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      const at = options.split?.(rel, body);
      if (at > 0 && at < body.length) {
        res.write(body.subarray(0, at));
        setTimeout(() => res.end(body.subarray(at)), options.pauseMs ?? 500);
        return;
      }
      res.end(body);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() });
    });
  });
}
