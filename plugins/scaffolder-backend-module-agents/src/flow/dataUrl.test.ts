import { decodeDataUrl } from './dataUrl';

describe('decodeDataUrl', () => {
  it('decodes what rjsf’s file widget sends, with the file name', () => {
    const url = `data:application/json;name=my%20flow.json;base64,${Buffer.from(
      '{"a":1}',
    ).toString('base64')}`;
    expect(decodeDataUrl(url)).toEqual({
      name: 'my flow.json',
      mediaType: 'application/json',
      content: Buffer.from('{"a":1}'),
    });
  });

  it('decodes percent-encoded data URLs without a name', () => {
    const decoded = decodeDataUrl('data:,%7B%22a%22%3A1%7D');
    expect(decoded.name).toBeUndefined();
    expect(decoded.mediaType).toBe('text/plain');
    expect(decoded.content.toString()).toBe('{"a":1}');
  });

  it('says how to upload when the value is not a data URL', () => {
    expect(() => decodeDataUrl('/tmp/flow.json')).toThrow(
      'the file is not a data URL (data:<type>;base64,<content>); upload it with a file field (type: string, format: data-url)',
    );
  });
});
