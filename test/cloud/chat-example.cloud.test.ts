import { describeChatPath } from './chat-scenarios.js';

describeChatPath({ configFile: 'config/example.json', scannedPage: true });
