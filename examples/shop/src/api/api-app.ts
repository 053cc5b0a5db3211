/**
 * The shop's api (Express + winston), on its own origin: the browser reaches it cross-origin, so the CORS preflight
 * must allow the trace headers and `baggage` (rumlinkExpress answers it). Checkout asks the auth service who the
 * user is, then enqueues the order for the worker. Two endpoints misbehave on purpose, so the demo has something to
 * find: recommendations are slow, and coupons always fail.
 */
import { OpenTelemetryTransportV3 } from '@opentelemetry/winston-transport';
import { rumlinkExpress, rumlinkWinstonFormat } from '@rumlink/node';
import express, { type NextFunction, type Request, type Response } from 'express';
import winston from 'winston';
import type { RunningService } from '../process/run-service.js';
import { type OrdersQueue, sendMessage } from '../queue/orders-queue.js';
import { createCarts, PRODUCTS } from './catalog.js';

export interface ApiOptions {
  host: string;
  port: number;
  /** The front end's origin(s): the only ones CORS lets in. */
  allowedOrigins: string[];
  authUrl: string;
  queue: OrdersQueue;
}

const CART_ID = /^[A-Za-z0-9-]{1,64}$/;
const SLOW_RECOMMENDATIONS_MS = 1200;

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function startApi(options: ApiOptions): Promise<RunningService> {
  const logger = winston.createLogger({
    format: winston.format.combine(rumlinkWinstonFormat(), winston.format.json()),
    transports: [new winston.transports.Console(), new OpenTelemetryTransportV3()],
  });
  const carts = createCarts();
  const app = express();
  app.use(
    rumlinkExpress({ allowedOrigins: options.allowedOrigins, allowedHeaders: ['content-type', 'authorization'] }),
  );
  app.use(express.json({ limit: '16kb' }));

  const cartId = (request: Request) => {
    const id = String(request.params.cartId);
    if (!CART_ID.test(id)) throw new ApiError(400, 'invalid_cart_id', 'cart ids are 1-64 letters, digits or dashes');
    return id;
  };

  app.get('/products', (_request, response) => {
    logger.info('products listed', { count: PRODUCTS.length });
    response.json({ products: PRODUCTS });
  });

  app.get('/carts/:cartId', (request, response) => {
    response.json(carts.get(cartId(request)));
  });

  app.post('/carts/:cartId/items', (request, response) => {
    const { productId, quantity = 1 } = (request.body ?? {}) as { productId?: unknown; quantity?: unknown };
    const product = PRODUCTS.find((p) => p.id === productId);
    if (!product)
      throw new ApiError(400, 'unknown_product', `productId must be one of ${PRODUCTS.map((p) => p.id).join(', ')}`);
    if (!Number.isInteger(quantity) || (quantity as number) < 1 || (quantity as number) > 99) {
      throw new ApiError(400, 'invalid_quantity', 'quantity must be an integer from 1 to 99');
    }
    const cart = carts.add(cartId(request), product.id, quantity as number);
    logger.info('item added to cart', { cartId: cart.cartId, productId: product.id, quantity });
    response.json(cart);
  });

  app.post('/orders', async (request, response) => {
    const id = String(request.body?.cartId ?? '');
    if (!CART_ID.test(id)) throw new ApiError(400, 'invalid_cart_id', 'body must be { "cartId": string }');
    const cart = carts.get(id);
    if (cart.lines.length === 0) throw new ApiError(409, 'empty_cart', 'the cart is empty: add an item first');
    logger.info('checkout started', { cartId: id, totalCents: cart.totalCents });
    const user = await verifyUser(options.authUrl, request.headers.authorization);
    const orderId = `order-${crypto.randomUUID()}`;
    const messageId = await sendMessage(options.queue, { orderId, userId: user.userId, ...cart });
    carts.clear(id);
    logger.info('order queued', { orderId, userId: user.userId, messageId });
    response.status(202).json({ orderId, totalCents: cart.totalCents });
  });

  app.get('/recommendations', async (_request, response) => {
    // The deliberately slow endpoint: a "model" that takes its time, for the demo's "what was slow?" question.
    await new Promise((resolve) => setTimeout(resolve, SLOW_RECOMMENDATIONS_MS));
    logger.warn('recommendations were slow', { durationMs: SLOW_RECOMMENDATIONS_MS });
    response.json({ products: PRODUCTS.slice(0, 2) });
  });

  app.post('/coupons', (request) => {
    // The deliberately failing endpoint: every coupon hits a "bug".
    const code = String(request.body?.code ?? '');
    throw new Error(`coupon lookup failed for "${code.slice(0, 32)}": pricing rules not loaded`);
  });

  app.use((error: Error, _request: Request, response: Response, _next: NextFunction) => {
    if (error instanceof ApiError) {
      logger.warn('request refused', { code: error.code, reason: error.message });
      response.status(error.status).json({ error: { code: error.code, message: error.message } });
      return;
    }
    const status = (error as { status?: number }).status; // body-parser's errors carry theirs (400, 413)
    if (status && status < 500) {
      response.status(status).json({ error: { code: 'invalid_request', message: error.message } });
      return;
    }
    logger.error('request failed', { error: error.message });
    response.status(500).json({ error: { code: 'internal', message: error.message } });
  });

  const server = app.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function verifyUser(authUrl: string, authorization: string | undefined): Promise<{ userId: string }> {
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  if (!token) throw new ApiError(401, 'unauthorized', 'send Authorization: Bearer <token>');
  const response = await fetch(`${authUrl}/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (response.status === 401) throw new ApiError(401, 'unauthorized', 'the token was refused');
  if (!response.ok) throw new Error(`the auth service answered ${response.status}`);
  return (await response.json()) as { userId: string };
}
