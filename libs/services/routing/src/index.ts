export { RoutingModule, routingService } from './routing.module';
export { ROUTING_SERVICE } from './routing.service-info';
