import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { createBackendClient } from './lib/backend-client';
import { BackendContext } from './lib/hooks';
import { ToastProvider } from './lib/toasts';
import './styles/app.css';

const client = createBackendClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <BackendContext.Provider value={client}>
        <ToastProvider>
          <App />
        </ToastProvider>
      </BackendContext.Provider>
    </ErrorBoundary>
  </StrictMode>,
);
