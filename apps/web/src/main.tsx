import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { I18nProvider, startI18n } from './lib/i18n';
import { AuthProvider } from './lib/auth';
import { AppRoutes } from './app/router';
import { queryClient } from './lib/queryClient';
import './styles.css';

// The saved language's messages (their own chunk) before the first render: no screen shows untranslated keys.
await startI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <BrowserRouter>
          <AuthProvider>
            <AppRoutes />
          </AuthProvider>
        </BrowserRouter>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
