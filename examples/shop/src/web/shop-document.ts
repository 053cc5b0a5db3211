/** The shop's HTML: static markup the page script fills in; the config arrives as a JSON script element. */
export const shopDocument = (configElement: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rumlink demo shop</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 960px; padding: 1rem 1.5rem; color: #1d2330; }
  header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1px solid #ddd; }
  #products { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 1rem; padding: 0; }
  #products li, section { list-style: none; border: 1px solid #ddd; border-radius: 8px; padding: 0.75rem 1rem; }
  section { margin: 1rem 0; }
  button { font: inherit; padding: 0.3rem 0.8rem; cursor: pointer; }
  #status { min-height: 1.5em; font-weight: 600; }
  code { background: #f2f3f5; padding: 0 0.3em; border-radius: 4px; }
</style>
${configElement}
<script type="module" src="/assets/shop.js"></script>
</head>
<body>
<header><h1>rumlink demo shop</h1><span>session <code id="session-id">…</code></span></header>
<p id="status" role="status"></p>
<ul id="products" aria-label="products"></ul>
<section aria-label="cart">
  <h2>Cart</h2>
  <ul id="cart-lines"></ul>
  <p>Total: <span id="cart-total">0.00</span> €</p>
  <button id="checkout">Checkout</button>
</section>
<section aria-label="extras">
  <h2>Extras</h2>
  <p><button id="recommendations">Show recommendations</button> (slow on purpose)</p>
  <p><input id="coupon" value="WELCOME10" aria-label="coupon code"> <button id="apply-coupon">Apply coupon</button>
     (fails on purpose)</p>
  <ul id="recommended"></ul>
</section>
</body>
</html>
`;
