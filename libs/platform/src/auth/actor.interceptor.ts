import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { runAsActor } from '@leadline/event-store';
import type { Principal } from './principal';

/** Runs an authenticated request's handler as its caller, so every event it appends carries `metadata.actor`. */
@Injectable()
export class ActorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    if (!principal) return next.handle();
    const actor = { kind: principal.kind, id: principal.id, roles: principal.roles };
    return new Observable((subscriber) => runAsActor(actor, () => next.handle().subscribe(subscriber)));
  }
}
