import { type FormEvent, useState } from 'react';
import type { ListedUser } from '../api/api-types.js';
import type { Translate } from '../i18n/i18n.js';
import { copyText } from '../ui/copy-text.js';
import { CopyIcon, TrashIcon } from '../ui/icons.js';
import type { UsersAdmin } from './use-users-admin.js';

export interface UsersPageProps {
  admin: UsersAdmin;
  t: Translate;
}

type RoleChoice = 'none' | 'reader' | 'editor';

/** The roles a user would have with one collection's role changed. */
function withRole(user: ListedUser, collection: string, role: RoleChoice): Record<string, 'reader' | 'editor'> {
  const next = { ...user.collections };
  if (role === 'none') delete next[collection];
  else next[collection] = role;
  return next;
}

/** Admins: every user with a role per collection, add and remove users, create collections. */
export function UsersPage({ admin, t }: UsersPageProps) {
  const { users, collections, editable } = admin;
  const [newUser, setNewUser] = useState('');
  const [newUserAdmin, setNewUserAdmin] = useState(false);
  const [newCollection, setNewCollection] = useState('');
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const [copied, setCopied] = useState<string | undefined>(undefined);

  const addUser = async (event: FormEvent) => {
    event.preventDefault();
    const name = newUser.trim();
    if (!name) return;
    if (await admin.saveUser(name, { admin: newUserAdmin, collections: {} })) {
      setNewUser('');
      setNewUserAdmin(false);
    }
  };
  const addCollection = async (event: FormEvent) => {
    event.preventDefault();
    const name = newCollection.trim();
    if (name && (await admin.createCollection(name))) setNewCollection('');
  };
  const remove = async (user: string) => {
    if (confirming !== user) {
      setConfirming(user);
      return;
    }
    setConfirming(undefined);
    await admin.removeUser(user);
  };

  return (
    <main className="admin-page" id="main" aria-labelledby="admin-title">
      <div className="admin-column">
        <h2 id="admin-title">{t('usersAndCollections')}</h2>
        {admin.loadError && (
          <p className="panel-error" role="alert">
            {t('usersFailed')} {admin.loadError}
          </p>
        )}
        {admin.actionError && (
          <p className="panel-error" role="alert">
            {t('adminFailed')} {admin.actionError}
          </p>
        )}
        {admin.newToken && (
          <div className="token-notice" role="status">
            <p>{t('newToken', { user: admin.newToken.user })}</p>
            <code className="token-value">{admin.newToken.token}</code>
            <button
              type="button"
              className="ghost-button"
              onClick={() => {
                const token = admin.newToken?.token;
                if (token)
                  copyText(token).then(
                    () => setCopied(token),
                    () => setCopied(undefined),
                  );
              }}
            >
              <CopyIcon />
              <span aria-live="polite">{copied === admin.newToken.token ? t('copied') : t('copyToken')}</span>
            </button>
          </div>
        )}
        {users && !editable && <p className="muted">{t('usersReadOnly')}</p>}

        <section className="admin-section" aria-labelledby="users-title">
          <h3 id="users-title">{t('usersTitle')}</h3>
          {users === undefined && !admin.loadError && <p className="muted">{t('loading')}</p>}
          {users?.length === 0 && <p className="muted">{t('noUsers')}</p>}
          {users && users.length > 0 && (
            <div className="table-scroll">
              <table className="users-table">
                <thead>
                  <tr>
                    <th scope="col">{t('userColumn')}</th>
                    <th scope="col">{t('adminColumn')}</th>
                    {collections.map((name) => (
                      <th key={name} scope="col">
                        {name}
                      </th>
                    ))}
                    <td />
                  </tr>
                </thead>
                <tbody>
                  {users.map((user) => (
                    <tr key={user.user} data-user={user.user}>
                      <th scope="row">{user.user}</th>
                      <td>
                        <input
                          type="checkbox"
                          checked={user.admin}
                          disabled={!editable}
                          aria-label={t('adminOf', { user: user.user })}
                          onChange={(event) => void admin.saveUser(user.user, { admin: event.target.checked, collections: user.collections })}
                        />
                      </td>
                      {collections.map((name) => (
                        <td key={name}>
                          <select
                            value={user.collections[name] ?? 'none'}
                            disabled={!editable}
                            aria-label={t('roleIn', { user: user.user, collection: name })}
                            onChange={(event) =>
                              void admin.saveUser(user.user, { admin: user.admin, collections: withRole(user, name, event.target.value as RoleChoice) })
                            }
                          >
                            <option value="none">{t('roleNone')}</option>
                            <option value="reader">{t('roleReader')}</option>
                            <option value="editor">{t('roleEditor')}</option>
                          </select>
                        </td>
                      ))}
                      <td>
                        {editable && (
                          <button
                            type="button"
                            className={`icon-button danger${confirming === user.user ? ' confirming' : ''}`}
                            onClick={() => void remove(user.user)}
                            aria-label={confirming === user.user ? `${t('confirmRemoveUser')}: ${user.user}` : t('removeUser', { user: user.user })}
                            title={confirming === user.user ? t('confirmRemoveUser') : t('removeUser', { user: user.user })}
                          >
                            <TrashIcon width={16} height={16} />
                            {confirming === user.user && <span className="confirm-text">{t('confirmRemoveUser')}</span>}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {editable && (
            <form className="admin-form" onSubmit={addUser} aria-labelledby="add-user-title">
              <h4 id="add-user-title">{t('addUserTitle')}</h4>
              <label>
                <span>{t('newUserName')}</span>
                <input value={newUser} onChange={(event) => setNewUser(event.target.value)} autoComplete="off" required maxLength={64} />
              </label>
              <label className="checkbox-label">
                <input type="checkbox" checked={newUserAdmin} onChange={(event) => setNewUserAdmin(event.target.checked)} />
                <span>{t('adminColumn')}</span>
              </label>
              <button type="submit" className="primary-button">
                {t('addUser')}
              </button>
            </form>
          )}
        </section>

        <section className="admin-section" aria-labelledby="collections-title">
          <h3 id="collections-title">{t('collectionsTitle')}</h3>
          <ul className="collection-names">
            {collections.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
          <form className="admin-form" onSubmit={addCollection}>
            <label>
              <span>{t('newCollectionName')}</span>
              <input
                value={newCollection}
                onChange={(event) => setNewCollection(event.target.value)}
                autoComplete="off"
                required
                maxLength={63}
                aria-describedby="new-collection-hint"
              />
            </label>
            <span id="new-collection-hint" className="muted">
              {t('newCollectionHint')}
            </span>
            <button type="submit" className="primary-button">
              {t('createCollection')}
            </button>
          </form>
        </section>
      </div>
    </main>
  );
}
