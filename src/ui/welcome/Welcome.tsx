export function Welcome() {
  return (
    <main style={{ maxWidth: '640px', margin: '40px auto', padding: '0 16px' }}>
      <h1>Sealed DMs is installed</h1>
      <p>
        Sealed DMs encrypts your Instagram direct messages in your browser, so Instagram only carries ciphertext.
        Open the extension's toolbar button to create your identity and add contacts.
      </p>
    </main>
  );
}
