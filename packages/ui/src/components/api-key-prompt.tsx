/** Shown when the server answered 401: asks for the query API key once per tab (see api/api-key.ts). */
import { useState } from 'preact/hooks';
import { apiKey } from '../api/api-key';

export function ApiKeyPrompt(props: { rejectedKey: boolean }) {
  const [value, setValue] = useState('');
  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (value.trim()) apiKey.set(value.trim());
  };
  return (
    <form class="api-key" onSubmit={onSubmit} aria-labelledby="api-key-title">
      <h1 id="api-key-title">This server needs its API key</h1>
      <p>
        This rumlink server needs its query API key (the <code>apiKey</code> of its config file). It is kept for this
        browser tab only.
      </p>
      {props.rejectedKey && (
        <p class="notice error" role="alert">
          The server refused that key.
        </p>
      )}
      <label for="api-key-input">API key</label>
      <input
        id="api-key-input"
        type="password"
        autocomplete="current-password"
        value={value}
        onInput={(event) => setValue(event.currentTarget.value)}
        autofocus
      />
      <button type="submit">Continue</button>
    </form>
  );
}
