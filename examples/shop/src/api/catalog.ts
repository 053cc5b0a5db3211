/** The shop's products and carts (in memory: the demo is about the requests, not the data). */
export interface Product {
  id: string;
  name: string;
  priceCents: number;
}

export const PRODUCTS: readonly Product[] = [
  { id: 'espresso-beans', name: 'Espresso beans, 1 kg', priceCents: 2490 },
  { id: 'pour-over-kettle', name: 'Pour-over kettle', priceCents: 5900 },
  { id: 'burr-grinder', name: 'Burr grinder', priceCents: 12900 },
  { id: 'ceramic-cup', name: 'Ceramic cup', priceCents: 1400 },
];

export interface CartLine {
  productId: string;
  quantity: number;
}

export interface Cart {
  cartId: string;
  lines: CartLine[];
  totalCents: number;
}

export function createCarts() {
  const carts = new Map<string, CartLine[]>();
  const view = (cartId: string): Cart => {
    const lines = carts.get(cartId) ?? [];
    const totalCents = lines.reduce(
      (sum, line) => sum + line.quantity * (PRODUCTS.find((p) => p.id === line.productId)?.priceCents ?? 0),
      0,
    );
    return { cartId, lines, totalCents };
  };
  return {
    get: view,
    add(cartId: string, productId: string, quantity: number): Cart {
      const lines = carts.get(cartId) ?? [];
      const line = lines.find((l) => l.productId === productId);
      if (line) line.quantity += quantity;
      else lines.push({ productId, quantity });
      carts.set(cartId, lines);
      return view(cartId);
    },
    clear(cartId: string) {
      carts.delete(cartId);
    },
  };
}
