import { type Principal, canEdit, canRead } from '../access/access-policy.js';
import { RagError } from '../errors.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { ATTACHED_TO_KEY, type VectorStore } from '../store/vector-store.js';

export interface DeleteDocumentDependencies {
  store: Pick<VectorStore, 'getDocument' | 'findDocumentBySource' | 'deleteDocument'>;
  objects: Pick<ObjectStore, 'delete'>;
}

/**
 * `DELETE /api/documents/{id}` on AWS and locally: by id, or by source. The raw object goes
 * first: if it cannot be removed, nothing is deleted and the caller is told (503), because a
 * document whose file stayed behind would come back on the next re-scan. With a caller, a
 * document they cannot read is not found, and one they only read is forbidden. An e-mail's
 * attachment has no file of its own: it goes with its e-mail (409 when asked for alone), which
 * takes its attachments with it.
 */
export async function deleteDocument(deps: DeleteDocumentDependencies, idOrSource: string, caller?: Principal): Promise<void> {
  const document = (await deps.store.getDocument(idOrSource)) ?? (await deps.store.findDocumentBySource(idOrSource));
  if (!document || (caller && !canRead(caller, document.collection))) throw new RagError('not_found', `No document ${idOrSource}`);
  if (caller && !canEdit(caller, document.collection))
    throw new RagError('forbidden', `You may not delete documents of the collection "${document.collection}".`);
  const email = document.metadata[ATTACHED_TO_KEY];
  if (typeof email === 'string') {
    throw new RagError('conflict', `${document.source} is an attachment of ${email}; delete the e-mail to remove it (and its other attachments).`);
  }
  try {
    await deps.objects.delete(document.source);
  } catch (error) {
    throw new RagError('object_store_unavailable', `The file of ${document.source} could not be removed from storage, so the document was kept. Try again.`, {
      cause: error,
    });
  }
  await deps.store.deleteDocument(document.id);
}
