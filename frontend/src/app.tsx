import { useEffect, useMemo, useRef, useState } from 'react';
import { ScopePicker } from './access/scope-picker.js';
import { loadScope, saveScope } from './access/scope-store.js';
import { useAccess } from './access/use-access.js';
import { UsersPage } from './admin/users-page.js';
import { useUsersAdmin } from './admin/use-users-admin.js';
import { ApiClient } from './api/api-client.js';
import { ApiError } from './api/api-error.js';
import { SignInForm, TokenPrompt } from './auth/auth-screens.js';
import { type SiteConfig, loadSiteConfig } from './auth/site-config.js';
import { type Auth, useAuth } from './auth/use-auth.js';
import { ChatView } from './chat/chat-view.js';
import { browserStorage } from './chat/conversation-store.js';
import { useChat } from './chat/use-chat.js';
import { DocumentsPanel } from './documents/documents-panel.js';
import { useDocuments } from './documents/use-documents.js';
import { type Translate, useI18n } from './i18n/i18n.js';
import type { Locale } from './i18n/messages.js';
import { InsightsPage } from './insights/insights-page.js';
import { useInsights } from './insights/use-insights.js';
import { Dialog } from './ui/dialog.js';
import { ChartIcon, ChatIcon, DocumentsIcon, LogoMark, PlusIcon, SignOutIcon, UsersIcon } from './ui/icons.js';
import { LanguageSwitch } from './ui/language-switch.js';
import { useMediaQuery } from './ui/use-media-query.js';

/** Wide enough for the chat and the documents side by side. */
const WIDE = '(min-width: 1024px)';

export function App({ loadConfig = loadSiteConfig }: { loadConfig?: () => Promise<SiteConfig> }) {
  const { t } = useI18n();
  const [config, setConfig] = useState<SiteConfig | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadConfig().then(setConfig, () => setFailed(true));
  }, [loadConfig]);
  if (failed) {
    return (
      <main className="center-screen" id="main">
        <p role="alert">{t('configFailed')}</p>
      </main>
    );
  }
  if (!config) {
    return (
      <main className="center-screen" id="main" aria-busy="true">
        <p className="muted">{t('loading')}</p>
      </main>
    );
  }
  return <AuthenticatedApp config={config} />;
}

function AuthenticatedApp({ config }: { config: SiteConfig }) {
  const { t } = useI18n();
  const auth = useAuth(config);
  const handlers = useRef(auth);
  handlers.current = auth;
  // One client for the page; it reads the current credentials on every call.
  const api = useMemo(
    () =>
      new ApiClient({
        baseUrl: config.apiUrl,
        uploadMode: config.uploads,
        authorization: () => handlers.current.authorization(),
        onUnauthorized: () => handlers.current.onUnauthorized(),
      }),
    [config.apiUrl, config.uploads],
  );

  if (auth.status === 'checking') {
    return (
      <main className="center-screen" id="main" aria-busy="true">
        <p className="muted">{t('loading')}</p>
      </main>
    );
  }
  if (auth.status !== 'ready') {
    if (auth.method === 'cognito') return <SignInForm auth={auth} t={t} />;
    const verify = () =>
      api.health().then(
        () => true,
        (error: unknown) => !(error instanceof ApiError && error.unauthorized),
      );
    return <TokenPrompt auth={auth} verify={verify} t={t} />;
  }
  return <Workspace api={api} auth={auth} />;
}

const storage = browserStorage('localStorage');

function Workspace({ api, auth }: { api: ApiClient; auth: Auth }) {
  const { t, locale, setLocale } = useI18n();
  const { access, reload: reloadAccess } = useAccess(api);
  // The collection the user searches in, remembered per browser; undefined is all of theirs.
  const [scope, setScope] = useState<string | undefined>(undefined);
  useEffect(() => {
    setScope(loadScope(storage, access.readable));
  }, [access]);
  const chooseScope = (collection: string | undefined) => {
    setScope(collection);
    saveScope(storage, collection);
  };
  const scopeCollections = useMemo(() => (scope ? [scope] : undefined), [scope]);
  const chat = useChat(api, storage, scopeCollections);
  const library = useDocuments(api);
  const collectionOf = useMemo(() => {
    const byId = new Map((library.documents ?? []).map((document) => [document.id, document.collection]));
    return (documentId: string) => byId.get(documentId);
  }, [library.documents]);
  const [view, setView] = useState<'chat' | 'admin' | 'insights'>('chat');
  const wide = useMediaQuery(WIDE);
  const [panelOpen, setPanelOpen] = useState(() => typeof matchMedia === 'function' && matchMedia(WIDE).matches);
  const [offline, setOffline] = useState(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const activeJobs = library.jobs.filter((tracked) => !tracked.job || ['queued', 'running'].includes(tracked.job.status)).length;

  useEffect(() => {
    api.health().then(
      (health) => setOffline(!health.chat || health.chat.startsWith('local')),
      () => {},
    );
  }, [api]);

  useEffect(() => {
    document.title = t('appName');
  }, [t]);

  // Keyboard users land in the question box; phones keep their keyboard closed until asked.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on arrival; re-running when the window widens would steal focus.
  useEffect(() => {
    if (wide) inputRef.current?.focus();
    // Only on arrival: later focus follows the user.
  }, []);

  const newChat = () => {
    chat.reset();
    inputRef.current?.focus();
  };

  const panel = <DocumentsPanel library={library} access={access} locale={locale} t={t} />;
  const showAdmin = access.admin && view === 'admin';
  const showInsights = access.admin && view === 'insights';

  return (
    <div className={`app${wide && panelOpen ? ' with-panel' : ''}`}>
      <a className="skip-link" href="#question">
        {t('inputLabel')}
      </a>
      <header className="topbar">
        <div className="brand">
          <LogoMark />
          <h1>{t('appName')}</h1>
          {offline && (
            <span className="badge" title={t('offlineBadgeHint')}>
              {t('offlineBadge')}
              <span className="sr-only">: {t('offlineBadgeHint')}</span>
            </span>
          )}
        </div>
        <div className="topbar-actions">
          <button
            type="button"
            className="toolbar-button"
            onClick={newChat}
            disabled={chat.conversation.messages.length === 0 && !chat.busy}
            aria-label={t('newChat')}
            title={t('newChat')}
          >
            <PlusIcon />
            <span className="toolbar-label">{t('newChat')}</span>
          </button>
          {access.admin && (
            <button
              type="button"
              className="toolbar-button"
              aria-pressed={showAdmin}
              onClick={() => setView(showAdmin ? 'chat' : 'admin')}
              title={showAdmin ? t('backToChat') : t('usersAndCollections')}
            >
              {showAdmin ? <ChatIcon /> : <UsersIcon />}
              <span className="toolbar-label">{showAdmin ? t('backToChat') : t('usersAndCollections')}</span>
            </button>
          )}
          {access.admin && (
            <button
              type="button"
              className="toolbar-button"
              aria-pressed={showInsights}
              onClick={() => setView(showInsights ? 'chat' : 'insights')}
              title={showInsights ? t('backToChat') : t('insights')}
            >
              {showInsights ? <ChatIcon /> : <ChartIcon />}
              <span className="toolbar-label">{showInsights ? t('backToChat') : t('insights')}</span>
            </button>
          )}
          <LanguageSwitch locale={locale} onChange={setLocale} label={t('language')} />
          <button
            type="button"
            className="toolbar-button"
            aria-expanded={panelOpen}
            aria-controls="documents-panel"
            aria-label={activeJobs > 0 ? `${t('documents')} (${activeJobs})` : t('documents')}
            onClick={() => setPanelOpen((open) => !open)}
            title={panelOpen ? t('hideDocuments') : t('showDocuments')}
          >
            <DocumentsIcon />
            <span className="toolbar-label">{t('documents')}</span>
            {activeJobs > 0 && <span className="dot-count">{activeJobs}</span>}
          </button>
          {auth.method !== 'none' && (
            <button type="button" className="toolbar-button subtle" onClick={auth.signOut} aria-label={t('signOut')} title={t('signOut')}>
              <SignOutIcon />
              <span className="toolbar-label">{t('signOut')}</span>
            </button>
          )}
        </div>
      </header>
      <div className="workspace">
        {showAdmin ? (
          <AdminView api={api} onChanged={reloadAccess} t={t} />
        ) : showInsights ? (
          <InsightsView api={api} locale={locale} t={t} />
        ) : (
          <ChatView
            chat={chat}
            inputRef={inputRef}
            scope={access.readable.length > 1 ? <ScopePicker readable={access.readable} value={scope} onChange={chooseScope} t={t} /> : undefined}
            collectionOf={collectionOf}
            t={t}
          />
        )}
        {panelOpen && wide && (
          <aside className="documents" id="documents-panel" aria-labelledby="documents-title">
            <h2 id="documents-title" className="documents-title">
              {t('documentsTitle')}
            </h2>
            {panel}
          </aside>
        )}
      </div>
      {panelOpen && !wide && (
        <Dialog title={t('documentsTitle')} onClose={() => setPanelOpen(false)} closeLabel={t('close')} className="documents-dialog">
          <div id="documents-panel">{panel}</div>
        </Dialog>
      )}
    </div>
  );
}

/** Mounted only while shown, so the users are loaded when an admin opens the page. */
function AdminView({ api, onChanged, t }: { api: ApiClient; onChanged: () => void; t: Translate }) {
  const admin = useUsersAdmin(api, onChanged);
  return <UsersPage admin={admin} t={t} />;
}

/** Mounted only while shown, so the figures are fetched when an admin opens the page, fresh each time. */
function InsightsView({ api, locale, t }: { api: ApiClient; locale: Locale; t: Translate }) {
  const state = useInsights(api);
  return <InsightsPage state={state} locale={locale} t={t} />;
}
