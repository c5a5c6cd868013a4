import { isInbound, LEAD_SOURCES, type LeadSource } from '../lead/lead-source';
import { ICP_FACTORS, type IcpModel } from './icp-model';

const SENIORITIES = ['c-level', 'vp', 'director', 'manager', 'individual-contributor', 'unknown'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFit = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;

function checkFitMap(problems: string[], path: string, value: unknown, required: readonly string[]): void {
  if (!isObj(value)) return void problems.push(`${path} must be an object of fits`);
  for (const key of required) if (!(key in value)) problems.push(`${path}.${key} is missing`);
  for (const [key, fit] of Object.entries(value)) if (!isFit(fit)) problems.push(`${path}.${key} must be a number between 0 and 1`);
}

function checkBands(problems: string[], path: string, value: unknown): void {
  if (!Array.isArray(value) || value.length === 0) return void problems.push(`${path} must be a non-empty list of { min, fit }`);
  value.forEach((band: unknown, i) => {
    if (!isObj(band) || typeof band['min'] !== 'number' || band['min'] < 0 || !isFit(band['fit'])) {
      problems.push(`${path}[${i}] must be { min: number >= 0, fit: 0..1 }`);
    } else if (i > 0 && isObj(value[i - 1]) && ((value[i - 1] as Obj)['min'] as number) >= band['min']) {
      problems.push(`${path} must be in increasing order of min`);
    }
  });
}

/** Every problem with a model read from configuration; empty when it is usable. */
export function icpModelProblems(model: unknown): string[] {
  if (!isObj(model)) return ['the model must be a JSON object'];
  const problems: string[] = [];
  if (typeof model['modelId'] !== 'string' || model['modelId'].trim() === '') problems.push('modelId must be a non-empty string');
  if (!Number.isInteger(model['version']) || (model['version'] as number) < 1) problems.push('version must be a positive integer');
  const weights = model['weights'];
  if (!isObj(weights)) problems.push('weights must be an object');
  else {
    for (const f of ICP_FACTORS)
      if (typeof weights[f] !== 'number' || (weights[f] as number) < 0) problems.push(`weights.${f} must be a number >= 0`);
    const total = ICP_FACTORS.reduce((sum, f) => sum + (typeof weights[f] === 'number' ? (weights[f] as number) : 0), 0);
    if (Math.abs(total - 100) > 1e-9) problems.push(`weights must sum to 100 (they sum to ${total})`);
  }
  const bands = isObj(model['bands']) ? model['bands'] : {};
  checkBands(problems, 'bands.headcount', bands['headcount']);
  checkBands(problems, 'bands.annualRevenue', bands['annualRevenue']);
  const fits = isObj(model['fits']) ? model['fits'] : {};
  checkFitMap(problems, 'fits.seniority', fits['seniority'], SENIORITIES);
  checkFitMap(problems, 'fits.industries', fits['industries'], []);
  checkFitMap(problems, 'fits.technologies', fits['technologies'], []);
  checkFitMap(problems, 'fits.leadSources', fits['leadSources'], LEAD_SOURCES);
  if (problems.length === 0) checkInboundAhead(problems, fits['leadSources'] as Record<LeadSource, number>);
  const t = model['thresholds'];
  if (!isObj(t) || ![t['A'], t['B'], t['C']].every((v) => typeof v === 'number' && v >= 0 && v <= 100)) {
    problems.push('thresholds must be { A, B, C } between 0 and 100');
  } else if (!((t['A'] as number) > (t['B'] as number) && (t['B'] as number) > (t['C'] as number))) {
    problems.push('thresholds must satisfy A > B > C');
  }
  return problems;
}

export function isIcpModel(model: unknown): model is IcpModel {
  return icpModelProblems(model).length === 0;
}

/** Inbound leads close about ten times as often: every inbound source must fit better than every outbound one. */
function checkInboundAhead(problems: string[], fits: Record<LeadSource, number>): void {
  const inbound = Math.min(...LEAD_SOURCES.filter(isInbound).map((s) => fits[s]));
  const outbound = Math.max(...LEAD_SOURCES.filter((s) => !isInbound(s)).map((s) => fits[s]));
  if (inbound <= outbound)
    problems.push(
      `fits.leadSources: every inbound source must fit better than every outbound one (lowest inbound ${inbound}, highest outbound ${outbound})`,
    );
}
