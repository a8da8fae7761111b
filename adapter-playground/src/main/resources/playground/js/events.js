// A job's event stream (text/event-stream) read with fetch() and a ReadableStream, because EventSource
// cannot send the Authorization header. Parsing follows the HTML standard's event-stream rules; a dropped
// connection resumes with Last-Event-ID, so status and image events are neither lost nor repeated.

/** Yields {id, event, data} for each dispatched event of an event-stream body. */
export async function* parseEventStream(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let first = true;
  let event = {id: undefined, event: '', data: []};
  const line = (text) => {
    if (text === '') {
      const ready = event.data.length > 0 ? {id: event.id, event: event.event || 'message', data: event.data.join('\n')} : null;
      event = {id: event.id, event: '', data: []};
      return ready;
    }
    if (text.startsWith(':')) return null;
    const colon = text.indexOf(':');
    const name = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') event.data.push(value);
    else if (name === 'event') event.event = value;
    else if (name === 'id' && !value.includes('\0')) event.id = value;
    else if (name === 'retry' && /^\d+$/.test(value)) event.retry = Number(value);
    return null;
  };
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffer += value;
      if (first && buffer.length > 0) {
        if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
        first = false;
      }
      let match;
      // a CR at the very end may be the first half of CRLF: keep it until more arrives
      while ((match = /\r\n|\n|\r(?!$)/.exec(buffer)) !== null) {
        const ready = line(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
        if (ready) yield ready;
      }
    }
  } finally {
    reader.releaseLock();
  }
  // an event not ended by a blank line when the stream closes is discarded (as the standard says)
}

const MAX_QUIET_RECONNECTS = 8;

/**
 * Follows a job to its end: calls onEvent(type, data) for status, progress and image events, resolves with the
 * final result (the `result` event). Reconnects after a dropped stream with Last-Event-ID.
 */
export async function followJob(api, jobId, {onEvent, signal}) {
  let lastEventId;
  let failures = 0;
  let delay = 500;
  for (;;) {
    try {
      const headers = {Accept: 'text/event-stream'};
      if (lastEventId !== undefined) headers['Last-Event-ID'] = lastEventId;
      const response = await api.fetch(`/v1/jobs/${encodeURIComponent(jobId)}/events`, {headers, signal});
      for await (const message of parseEventStream(response.body)) {
        if (message.id !== undefined) lastEventId = message.id;
        failures = 0;
        delay = 500;
        const data = JSON.parse(message.data);
        if (message.event === 'result') return data;
        onEvent(message.event, data);
      }
    } catch (error) {
      if (signal?.aborted || error.name === 'AbortError' || error.status) throw error;
      // a network failure: the stream dropped; try again below
    }
    failures += 1;
    if (failures > MAX_QUIET_RECONNECTS) {
      throw new Error('The connection to the job\'s progress keeps dropping. The job goes on: see Recent jobs.');
    }
    onEvent('reconnecting', {attempt: failures});
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 8000);
  }
}
