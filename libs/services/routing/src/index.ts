export { RoutingModule, routingService, createRoutingService } from './routing.module';
export { ROUTING_SERVICE } from './routing.service-info';
export { loadRoutingConfig, type RoutingConfig } from './routing.config';
export { signBody, SIGNATURE_HEADER } from './notify/webhook.sender';
export { RoutingLifecycle } from './routing.lifecycle';
