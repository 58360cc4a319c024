import type { ServerResponse } from 'node:http';

/** Answers an AWS JSON protocol (1.0/1.1) request. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/x-amz-json-1.1',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': crypto.randomUUID(), ...headers });
  res.end(JSON.stringify(body));
}

/** An AWS JSON protocol error: `__type` names the modelled exception the SDK throws. */
export function sendJsonError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  contentType = 'application/x-amz-json-1.1',
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { __type: type, message, Message: message }, contentType, headers);
}

/** The operation of an AWS JSON protocol request (`X-Amz-Target: prefix.Operation`). */
export function jsonTarget(headers: Record<string, string | string[] | undefined>): string {
  const target = String(headers['x-amz-target'] ?? '');
  return target.slice(target.lastIndexOf('.') + 1);
}
