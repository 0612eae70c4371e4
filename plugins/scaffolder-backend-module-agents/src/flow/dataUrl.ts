import { InputError } from '@backstage/errors';

/** A file as the scaffolder's file upload field sends it: an RFC 2397 data URL. */
export type DecodedDataUrl = {
  /** The file name, when the browser put one in (rjsf adds `;name=<file>`). */
  name?: string;
  mediaType: string;
  content: Buffer;
};

const DATA_URL = /^data:([^,]*),(.*)$/s;

/**
 * Decodes `data:[<media type>][;name=<file>][;base64],<data>`, the value rjsf's file
 * widget (`format: data-url`) gives a template parameter.
 */
export function decodeDataUrl(value: string): DecodedDataUrl {
  const match = DATA_URL.exec(value.trim());
  if (!match) {
    throw new InputError(
      'the file is not a data URL (data:<type>;base64,<content>); upload it with a file field (type: string, format: data-url)',
    );
  }
  const [mediaType = '', ...params] = match[1].split(';');
  const base64 = params.includes('base64');
  const nameParam = params.find(p => p.startsWith('name='));
  let content: Buffer;
  try {
    content = base64
      ? Buffer.from(match[2], 'base64')
      : Buffer.from(decodeURIComponent(match[2]), 'utf8');
  } catch {
    throw new InputError('the uploaded file could not be decoded');
  }
  return {
    name: nameParam
      ? decodeURIComponent(nameParam.slice('name='.length))
      : undefined,
    mediaType: mediaType || 'text/plain',
    content,
  };
}
