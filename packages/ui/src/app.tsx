/** The page frame: header with search, the API-key prompt when the server asks for one, and the current route. */
import { useApiKeyState } from './api/use-api';
import { ApiKeyPrompt } from './components/api-key-prompt';
import { SearchBox } from './components/search-box';
import { RumEventPage } from './pages/rum-event-page';
import { SessionPage } from './pages/session-page';
import { SessionsPage } from './pages/sessions-page';
import { TracePage } from './pages/trace-page';
import { Link, useLocation } from './routing/router';
import { matchRoute } from './routing/routes';

function CurrentPage() {
  const location = useLocation();
  const route = matchRoute(location.path);
  switch (route.page) {
    case 'sessions':
      return <SessionsPage query={location.query} />;
    case 'session':
      return <SessionPage key={route.sessionId} sessionId={route.sessionId} query={location.query} />;
    case 'trace':
      return <TracePage key={route.traceId} traceId={route.traceId} query={location.query} />;
    case 'rum-event':
      return <RumEventPage key={route.eventId} eventId={route.eventId} />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>
            There is no page at this address. <Link href="/">See recent sessions</Link>.
          </p>
        </section>
      );
  }
}

export function App() {
  const keyState = useApiKeyState();
  return (
    <>
      <header class="top">
        <Link href="/" class="brand">
          rumlink
        </Link>
        <nav aria-label="main">
          <Link href="/">Sessions</Link>
        </nav>
        <SearchBox />
      </header>
      <main>{keyState.needed ? <ApiKeyPrompt rejectedKey={keyState.key !== undefined} /> : <CurrentPage />}</main>
    </>
  );
}
