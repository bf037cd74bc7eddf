import type { AttachmentRefsReadModel, AttachmentStore } from '@gridcase/adapters/embedded'
import { canSee, load, type AttachmentNaming } from '@gridcase/core'
import type { Actor } from '@gridcase/core/access'
import { protectionOf } from '@gridcase/core/attachments'
import type { RouteContext } from './context.js'
import { isPlainObject } from './edge.js'
import { onCaseOf, seesKindOnCase } from './mask.js'

/** Who may have a file: fetch it (`GET /api/v1/attachments/{sha256}`) and name it in a command (core's `execute`). */
export interface AttachmentAccess {
  /** May the actor fetch this held file? Its uploaders; whoever may read a case naming it, under a kind they may see there. */
  mayFetch(sha256: string, uploaders: readonly string[], actor: Actor): Promise<boolean>
  /** What `execute` checks a command's files with: held, and the actor's to name (`mayName`). */
  readonly naming: AttachmentNaming
}

/**
 * The one rule for both (docs/attachments.md, "Who may fetch a file" and "Who may name a file"): a command may name
 * only a file its actor may already have — one it uploaded, or one it may fetch through a case it reads. Through a
 * case, the kind it names the file as may not be less protected than the kind it reached it under (`protectionOf`): an
 * identity document (`id-document`) reached as one is named as one, or not at all (named as a photo, a resident of the
 * new case would fetch it; as an agreement, its parties would); a signed agreement, a consent, an application as a
 * personal document (named as a photo, an auditor would fetch it). `ctx` is asked when a request comes (the route context is built around this).
 */
export const attachmentAccess = (
  context: () => Pick<RouteContext, 'store' | 'collections' | 'fresh'>,
  store: AttachmentStore,
  refs: AttachmentRefsReadModel | undefined,
): AttachmentAccess => {
  /** Is there a case naming the file that the actor may read, under a kind it may see there and `accepts`? */
  const throughCase = async (sha256: string, actor: Actor, accepts: (kind: string) => boolean): Promise<boolean> => {
    if (refs === undefined) return false
    const ctx = context()
    await ctx.fresh()
    const uses = await refs.uses(sha256)
    const byStream = new Map<string, string[]>()
    for (const use of uses) byStream.set(use.streamId, [...(byStream.get(use.streamId) ?? []), use.kind])
    for (const [streamId, kinds] of byStream) {
      if (!kinds.some(accepts)) continue
      const collection = ctx.collections.find((c) => streamId.startsWith(c.caseType.streamPrefix))
      if (collection === undefined) continue
      const { caseType } = collection
      const current = await load(ctx.store, caseType.decider, streamId, { schema: caseType.schema })
      if (!canSee(caseType, current.state, actor)) continue
      const state = isPlainObject(current.state) ? current.state : {}
      // A personal document only to whoever handles the case (a dispute's assigned mediator, not its committee's others).
      const onCase = onCaseOf(caseType, current.state, current.events[0])
      if (kinds.some((kind) => accepts(kind) && seesKindOnCase(actor, state, kind, onCase))) return true
    }
    return false
  }
  const anyKind = () => true
  return {
    mayFetch: async (sha256, uploaders, actor) => uploaders.includes(actor.id) || (await throughCase(sha256, actor, anyKind)),
    naming: {
      has: (sha256) => store.has(sha256),
      mayName: async (ref, actor) => {
        const info = await store.info(ref.sha256)
        if (info === undefined) return false
        if (info.uploaders.includes(actor.id)) return true
        const protection = protectionOf(ref.kind)
        return throughCase(ref.sha256, actor, (reached) => protection >= protectionOf(reached))
      },
    },
  }
}
