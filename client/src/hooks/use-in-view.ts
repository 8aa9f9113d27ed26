import { useEffect, useState, type RefObject } from 'react';

/** Becomes true once the element comes near the viewport, and stays true. */
export function useInView(ref: RefObject<Element | null>, rootMargin = '400px'): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setSeen(true);
    }, { rootMargin });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, rootMargin, seen]);
  return seen;
}
