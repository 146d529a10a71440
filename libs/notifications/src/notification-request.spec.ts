import { NOTIFICATION_REQUESTED, parseNotificationRequest } from './notification-request';

describe('parseNotificationRequest', () => {
  const valid = {
    kind: 'case.filed',
    caseReference: 'KH-2017-CC-000123',
    title: 'ពាក្យបណ្តឹងត្រូវបានដាក់',
    body: 'Your complaint was filed.',
    audience: { userIds: ['u1'], supervisors: { jurisdiction: '12' } },
  };

  it('the event name is the one producers append', () => {
    expect(NOTIFICATION_REQUESTED).toBe('notification.requested');
  });

  it('fills the absent audience lists with empty ones', () => {
    expect(parseNotificationRequest(valid)).toEqual({
      request: {
        ...valid,
        audience: { userIds: ['u1'], partyCodes: [], organisations: [], supervisors: { jurisdiction: '12' } },
      },
    });
  });

  it('keeps national supervisors (jurisdiction null)', () => {
    const parsed = parseNotificationRequest({ ...valid, audience: { supervisors: { jurisdiction: null } } });
    expect('request' in parsed && parsed.request.audience.supervisors).toEqual({ jurisdiction: null });
  });

  it('makes a multi-line title one line', () => {
    const parsed = parseNotificationRequest({ ...valid, title: 'Case filed\r\n  in Phnom Penh' });
    expect('request' in parsed && parsed.request.title).toBe('Case filed in Phnom Penh');
  });

  it.each([
    [{ ...valid, kind: '' }, /kind/],
    [{ ...valid, title: 3 }, /title/],
    [{ ...valid, body: undefined }, /body/],
    [{ ...valid, caseReference: 12 }, /caseReference/],
    [{ ...valid, audience: undefined }, /audience/],
    [{ ...valid, audience: { partyCodes: 'CNRP' } }, /lists of strings/],
    [{ ...valid, audience: { supervisors: { jurisdiction: 12 } } }, /jurisdiction/],
  ])('refuses a malformed payload, saying why (%#)', (payload, reason) => {
    const parsed = parseNotificationRequest(payload as Record<string, unknown>);
    expect('error' in parsed && parsed.error).toMatch(reason);
  });
});
