import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'react-json-view-lite/dist/index.css';
import './styles.css';
import { installTransport } from './api/index.js';
import { createSocketTransport, socketUrlFromLocation } from './api/socket-transport.js';
import { App } from './app/App.js';

// The desktop preload puts the bridge on window.dipper; served by `dipper serve`, there is none.
installTransport(
  window.dipper ??
    createSocketTransport(socketUrlFromLocation(window.location, window.history, sessionStorage)),
);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
