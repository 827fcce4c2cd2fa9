import {
  CUSTOM_ERP_METHOD_PREFIX,
  type ForceCleanupResult,
  type MemoryConfig,
  type ServerMemoryStatus,
} from '../../../../src/types/frappe.ts'
import { ROLE_SYSTEM_MANAGER } from '../../domain/users.ts'
import { requireRole } from '../../http/auth.ts'
import type { AppContext } from '../../http/context.ts'
import type { MethodRegistry } from './registry.ts'

/** get_memory_config, get_memory_status and force_cleanup. */
export function registerMemoryMethods(methods: MethodRegistry, { memory }: AppContext): void {
  methods.define({
    name: `${CUSTOM_ERP_METHOD_PREFIX}.get_memory_config`,
    verbs: ['GET'],
    handler: (): MemoryConfig => ({ ...memory.config }),
  })

  methods.define({
    name: `${CUSTOM_ERP_METHOD_PREFIX}.get_memory_status`,
    verbs: ['GET'],
    handler: (): ServerMemoryStatus => memory.status(),
  })

  methods.define({
    name: `${CUSTOM_ERP_METHOD_PREFIX}.force_cleanup`,
    verbs: ['POST'],
    handler({ request }): ForceCleanupResult {
      const user = requireRole(request, [ROLE_SYSTEM_MANAGER])
      return memory.cleanup('forced', { by: user.name }, request.log)
    },
  })
}
