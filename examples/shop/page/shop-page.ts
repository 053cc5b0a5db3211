/** The shop's behaviour: products, cart (XHR), checkout, the slow and the failing endpoint, third-party calls. */
import type { ShopPageConfig } from '../src/web/page-config.js';

interface Product {
  id: string;
  name: string;
  priceCents: number;
}
interface Cart {
  lines: Array<{ productId: string; quantity: number }>;
  totalCents: number;
}

const byId = (id: string) => document.getElementById(id)!;
const euros = (cents: number) => (cents / 100).toFixed(2);

function cartId(): string {
  let id = localStorage.getItem('shop.cartId');
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem('shop.cartId', id);
  }
  return id;
}

export function startShopPage(config: ShopPageConfig, sessionId: () => string | undefined): void {
  const api = (path: string, init?: RequestInit) =>
    fetch(`${config.apiUrl}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-token-alice', ...init?.headers },
    });
  const status = (text: string, state: string) => {
    byId('status').textContent = text;
    byId('status').dataset.state = state;
  };
  /** What an analytics tag does: a beacon per event to its own origin (a JSON body, so a CORS preflight too). */
  const track = (event: string) =>
    fetch(`${config.thirdPartyUrl}/collect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event, page: location.pathname }),
    }).catch(() => undefined);

  let products: Product[] = [];
  const renderCart = (cart: Cart) => {
    byId('cart-lines').replaceChildren(
      ...cart.lines.map((line) => {
        const item = document.createElement('li');
        item.textContent = `${line.quantity} × ${products.find((p) => p.id === line.productId)?.name ?? line.productId}`;
        return item;
      }),
    );
    byId('cart-total').textContent = euros(cart.totalCents);
  };

  // The cart goes through XMLHttpRequest on purpose: rumlink traces XHR as well as fetch.
  const addToCart = (productId: string) =>
    new Promise<Cart>((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open('POST', `${config.apiUrl}/carts/${cartId()}/items`);
      request.setRequestHeader('content-type', 'application/json');
      request.onload = () =>
        request.status === 200 ? resolve(JSON.parse(request.responseText)) : reject(new Error(request.responseText));
      request.onerror = () => reject(new Error('network error'));
      request.send(JSON.stringify({ productId, quantity: 1 }));
    });

  const renderProducts = () => {
    byId('products').replaceChildren(
      ...products.map((product) => {
        const item = document.createElement('li');
        item.dataset.product = product.id;
        const name = document.createElement('strong');
        name.textContent = product.name;
        const button = document.createElement('button');
        button.textContent = 'Add to cart';
        button.addEventListener('click', async () => {
          try {
            renderCart(await addToCart(product.id));
            status(`${product.name} added to the cart`, 'added');
            void track('add_to_cart');
          } catch (error) {
            status(`Could not add to cart: ${(error as Error).message}`, 'error');
          }
        });
        item.append(name, document.createElement('br'), `${euros(product.priceCents)} € `, button);
        return item;
      }),
    );
  };

  byId('checkout').addEventListener('click', async () => {
    status('Placing the order…', 'pending');
    const response = await api('/orders', { method: 'POST', body: JSON.stringify({ cartId: cartId() }) });
    const body = await response.json();
    if (response.ok) {
      renderCart({ lines: [], totalCents: 0 });
      status(`Order ${body.orderId} placed`, 'ordered');
      byId('status').dataset.orderId = body.orderId;
      void track('checkout');
    } else {
      status(`Checkout failed: ${body.error?.message ?? response.status}`, 'error');
    }
  });

  byId('recommendations').addEventListener('click', async () => {
    status('Loading recommendations…', 'pending');
    const body = (await (await api('/recommendations')).json()) as { products: Product[] };
    byId('recommended').replaceChildren(
      ...body.products.map((product) => Object.assign(document.createElement('li'), { textContent: product.name })),
    );
    status('Recommendations loaded', 'recommended');
  });

  byId('apply-coupon').addEventListener('click', async () => {
    const code = (byId('coupon') as HTMLInputElement).value;
    const response = await api('/coupons', { method: 'POST', body: JSON.stringify({ code }) });
    status(
      response.ok ? 'Coupon applied' : `Coupon failed (${response.status})`,
      response.ok ? 'coupon' : 'coupon-failed',
    );
  });

  const analytics = document.createElement('script');
  analytics.src = `${config.thirdPartyUrl}/analytics.js`;
  document.head.append(analytics);
  new Image().src = `${config.thirdPartyUrl}/pixel.gif?page=${encodeURIComponent(location.pathname)}`;

  void (async () => {
    byId('session-id').textContent = sessionId() ?? 'not tracked';
    try {
      products = ((await (await api('/products')).json()) as { products: Product[] }).products;
      renderProducts();
      renderCart((await (await api(`/carts/${cartId()}`)).json()) as Cart);
      await track('page_view');
      status('Ready', 'ready');
    } catch (error) {
      status(`The api is unreachable: ${(error as Error).message}`, 'error');
    }
  })();
}
