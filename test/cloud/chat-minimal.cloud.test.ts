import { describeChatPath } from './chat-scenarios.js';

describeChatPath({ configFile: 'config/minimal.json' });
