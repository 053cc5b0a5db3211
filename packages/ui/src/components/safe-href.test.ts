import { describe, expect, it } from 'vitest';
import { safeExternalHref } from './safe-href';

describe('safeExternalHref', () => {
  it.each([
    ['https://shop.example/checkout?x=1', 'https://shop.example/checkout?x=1'],
    ['http://127.0.0.1:3000/', 'http://127.0.0.1:3000/'],
    ['HTTPS://SHOP.EXAMPLE/', 'https://shop.example/'],
  ])('keeps the http(s) URL %s', (url, href) => {
    expect(safeExternalHref(url)).toBe(href);
  });

  it.each([
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'blob:https://shop.example/1234',
    'file:///etc/passwd',
    '/relative/path',
    '//evil.example/x',
    'not a url',
    '',
    null,
    undefined,
  ])('refuses %j', (url) => {
    expect(safeExternalHref(url)).toBeUndefined();
  });
});
