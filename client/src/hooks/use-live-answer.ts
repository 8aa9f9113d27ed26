import { useEffect, useRef, useState } from 'react';
import { readAnswerStream } from '../api/answer-stream';
import { ApiError } from '../api/http';
import { applyEvent, isFinished, newAnswer, type AnswerState } from '../lib/answer-state';

const MAX_REATTACHES = 5;

export interface LiveAnswer {
  /** What the stream has said so far; null before its first event. */
  state: AnswerState | null;
  /** The track could not be followed (expired, or refused): the stored message is all there is. */
  lost: boolean;
}

/**
 * Follows an answer someone else's request started (a widget visitor's, for the widget owner) by
 * re-attaching to its track (GET /messages/stream/:trackId), from the start, and again after the
 * last event seen whenever the connection drops. `onFinished` runs once with the final state.
 * Renders at most once per animation frame however fast the text arrives.
 */
export function useLiveAnswer(trackId: string | null, onFinished?: (state: AnswerState) => void): LiveAnswer {
  const [answer, setAnswer] = useState<LiveAnswer>({ state: null, lost: false });
  const finishedRef = useRef(onFinished);
  useEffect(() => {
    finishedRef.current = onFinished;
  });

  useEffect(() => {
    if (!trackId) return;
    const controller = new AbortController();
    const { signal } = controller;
    let state: AnswerState = { ...newAnswer({ chatId: null, userText: '', modelLabel: null, now: Date.now() }), status: 'streaming', trackId };
    let frame: { timer: number; hidden: boolean } | null = null;
    const render = () => {
      frame = null;
      if (!signal.aborted) setAnswer({ state, lost: false });
    };
    // Hidden tabs get no animation frames: a timer keeps them current.
    const scheduleRender = () => {
      frame ??= document.hidden ? { timer: window.setTimeout(render, 100), hidden: true } : { timer: requestAnimationFrame(render), hidden: false };
    };
    setAnswer({ state: null, lost: false });

    void (async () => {
      for (let attempt = 0; attempt <= MAX_REATTACHES && !signal.aborted; attempt++) {
        try {
          await readAnswerStream({ kind: 'resume', trackId, lastEventId: state.lastEventId }, (event) => {
            state = applyEvent(state, event, Date.now());
            scheduleRender();
          }, signal);
        } catch (error) {
          if (signal.aborted) return;
          if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429) {
            setAnswer({ state, lost: true });
            return;
          }
        }
        if (signal.aborted) return;
        if (isFinished(state)) {
          render();
          finishedRef.current?.(state);
          return;
        }
        await pause(Math.min(250 * 2 ** attempt, 4_000), signal);
      }
      if (!signal.aborted) setAnswer({ state, lost: true });
    })();

    return () => {
      controller.abort();
      if (frame?.hidden) window.clearTimeout(frame.timer);
      else if (frame) cancelAnimationFrame(frame.timer);
    };
  }, [trackId]);

  return trackId ? answer : { state: null, lost: false };
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
