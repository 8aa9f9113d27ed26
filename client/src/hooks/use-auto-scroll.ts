import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

const NEAR_BOTTOM_PX = 50;
const SCROLL_UP_KEYS = new Set(['PageUp', 'ArrowUp', 'Home']);

/**
 * Follows new content only while the reader is at the bottom. Scrolling up (wheel, touch, keys:
 * not the distance, which layout shifts also change) pauses it; "Jump to latest" resumes it. A
 * long answer is followed until its start reaches the top, so the reader starts at its beginning.
 */
export function useAutoScroll(resetKey: string) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  /** The answer being written; following stops when its top reaches the top of the view. */
  const anchorRef = useRef<HTMLElement | null>(null);
  const following = useRef(true);
  const releasedAnchor = useRef<HTMLElement | null>(null);
  /** Our own scrolling must not count as the reader returning to the bottom. */
  const heldAtAnchor = useRef(false);
  const [atBottom, setAtBottom] = useState(true);

  const scrollToEnd = useCallback(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const end = scroller.scrollHeight - scroller.clientHeight;
    const anchor = anchorRef.current;
    if (anchor && anchor !== releasedAnchor.current) {
      const anchorTop = anchor.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop - 12;
      if (end > anchorTop) {
        scroller.scrollTop = Math.max(scroller.scrollTop, anchorTop);
        following.current = false;
        heldAtAnchor.current = true;
        releasedAnchor.current = anchor;
        setAtBottom(false);
        return;
      }
    }
    scroller.scrollTop = end;
  }, []);

  // A different chat starts at its end.
  useLayoutEffect(() => {
    following.current = true;
    heldAtAnchor.current = false;
    releasedAnchor.current = null;
    setAtBottom(true);
    const scroller = scrollRef.current;
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
  }, [resetKey]);

  useEffect(() => {
    const scroller = scrollRef.current;
    const content = contentRef.current;
    if (!scroller || !content) return;
    let touchY = 0;
    const stop = () => {
      following.current = false;
      heldAtAnchor.current = false;
    };
    const onWheel = (event: WheelEvent) => {
      if (event.deltaY < 0) stop();
      else heldAtAnchor.current = false;
    };
    const onTouchStart = (event: TouchEvent) => {
      touchY = event.touches[0]?.clientY ?? 0;
    };
    const onTouchMove = (event: TouchEvent) => {
      if ((event.touches[0]?.clientY ?? 0) > touchY) stop();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (SCROLL_UP_KEYS.has(event.key)) stop();
    };
    const onScroll = () => {
      const near = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= NEAR_BOTTOM_PX;
      if (near && !heldAtAnchor.current) following.current = true;
      setAtBottom(near);
    };
    const observer = new ResizeObserver(() => {
      if (following.current) scrollToEnd();
      onScroll();
    });
    observer.observe(content);
    scroller.addEventListener('wheel', onWheel, { passive: true });
    scroller.addEventListener('touchstart', onTouchStart, { passive: true });
    scroller.addEventListener('touchmove', onTouchMove, { passive: true });
    scroller.addEventListener('keydown', onKeyDown);
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      observer.disconnect();
      scroller.removeEventListener('wheel', onWheel);
      scroller.removeEventListener('touchstart', onTouchStart);
      scroller.removeEventListener('touchmove', onTouchMove);
      scroller.removeEventListener('keydown', onKeyDown);
      scroller.removeEventListener('scroll', onScroll);
    };
  }, [scrollToEnd]);

  const jumpToLatest = useCallback(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    following.current = true;
    heldAtAnchor.current = false;
    releasedAnchor.current = anchorRef.current;
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    scroller.scrollTo({ top: scroller.scrollHeight, behavior: reduce ? 'auto' : 'smooth' });
  }, []);

  /** Call after sending: the reader wants to see their message and the answer arrive. */
  const follow = useCallback(() => {
    following.current = true;
    heldAtAnchor.current = false;
    releasedAnchor.current = null;
    scrollToEnd();
  }, [scrollToEnd]);

  return { scrollRef, contentRef, anchorRef, atBottom, jumpToLatest, follow };
}
