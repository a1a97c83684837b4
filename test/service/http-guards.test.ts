/**
 * The service's request guards on their own, with the limiter's clock injected: the count per
 * client, the 429 wait to the end of the minute, and the reset at a minute boundary (the reason
 * the HTTP test leaves room for two windows); the JSON depth scan; the CORS allow-list.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter, corsHeaders, jsonDepth } from '../../src/service/http-guards.js';

describe('RateLimiter', () => {
  it('allows perMinute requests per client in a minute, then answers the seconds left in it', () => {
    let now = 10 * 60_000 + 15_500;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(45);
    expect(limiter.take('b')).toBe(0);
    now += 44_000;
    expect(limiter.take('a')).toBe(1);
  });

  it('starts every client afresh at a minute boundary', () => {
    let now = 7 * 60_000 + 59_999;
    const limiter = new RateLimiter(1, () => now);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    now += 1;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(60);
  });
});

describe('jsonDepth', () => {
  it('counts nesting outside strings', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[{{{\\"["}')).toBe(1);
  });
});

describe('corsHeaders', () => {
  it('answers only an origin on the allow-list', () => {
    expect(corsHeaders(undefined, ['https://a.example'])).toBeUndefined();
    expect(corsHeaders('https://b.example', ['https://a.example'])).toBeUndefined();
    expect(corsHeaders('https://a.example', ['https://a.example'])).toMatchObject({ 'access-control-allow-origin': 'https://a.example' });
  });
});
