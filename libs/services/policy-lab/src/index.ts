export { LogisticRegressionFitter, DEFAULT_LOGISTIC_OPTIONS, type LogisticRegressionOptions } from './training/logistic-regression.fitter';
export type { LabChart, LabReport } from './report/lab-report';
export { renderSvg } from './report/svg-chart.renderer';
export { scoringReport } from './report/scoring.report';
export { routingReport } from './report/routing.report';
export { bookingReport } from './report/booking.report';
export { trainingReport } from './report/training.report';
export { capacityReport, type CapacityReportData } from './report/capacity.report';
