import type { ReactNode, SVGProps } from 'react';

type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number };

function icon(paths: ReactNode) {
  return function Icon({ size = 20, ...props }: IconProps) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        {...props}
      >
        {paths}
      </svg>
    );
  };
}

export const PlusIcon = icon(<path d="M12 5v14M5 12h14" />);
export const SendIcon = icon(<path d="M12 19V5M5.5 11.5 12 5l6.5 6.5" />);
export const ChatIcon = icon(<path d="M4 6.5A2.5 2.5 0 0 1 6.5 4h11A2.5 2.5 0 0 1 20 6.5v8a2.5 2.5 0 0 1-2.5 2.5H9l-5 4z" />);
export const KeyIcon = icon(
  <>
    <circle cx="8" cy="15" r="4" />
    <path d="m10.8 12.2 8.7-8.7M16.5 6.5l2.5 2.5M14 9l2 2" />
  </>,
);
export const UserIcon = icon(
  <>
    <circle cx="12" cy="8" r="4" />
    <path d="M4 20.5c.8-3.6 4-5.5 8-5.5s7.2 1.9 8 5.5" />
  </>,
);
export const LogOutIcon = icon(<path d="M14 4h3.5A2.5 2.5 0 0 1 20 6.5v11a2.5 2.5 0 0 1-2.5 2.5H14M9.5 16.5 5 12l4.5-4.5M5 12h10" />);
export const CopyIcon = icon(
  <>
    <rect x="9" y="9" width="11" height="11" rx="2" />
    <path d="M15 9V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v7a2 2 0 0 0 2 2h3" />
  </>,
);
export const CheckIcon = icon(<path d="m5 12.5 4.5 4.5L19 7.5" />);
export const TrashIcon = icon(<path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a1.5 1.5 0 0 0 1.5 1.4h7a1.5 1.5 0 0 0 1.5-1.4L18 7M9 7V4.5h6V7" />);
export const InfoIcon = icon(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5.5M12 7.5v.01" />
  </>,
);
export const AlertIcon = icon(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v6M12 16.5v.01" />
  </>,
);
export const ChevronDownIcon = icon(<path d="m6 9 6 6 6-6" />);
export const SettingsIcon = icon(
  <>
    <path d="M4 7h8M16 7h4M4 17h3M11 17h9" />
    <circle cx="14" cy="7" r="2" />
    <circle cx="9" cy="17" r="2" />
  </>,
);

export const CloseIcon = icon(<path d="M6 6l12 12M18 6 6 18" />);
export const StopIcon = icon(<rect x="7" y="7" width="10" height="10" rx="2" fill="currentColor" stroke="none" />);
export const ArrowDownIcon = icon(<path d="M12 5v14M5.5 12.5 12 19l6.5-6.5" />);
export const SearchIcon = icon(
  <>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m20 20-4.2-4.2" />
  </>,
);
export const RefreshIcon = icon(<path d="M20 11a8 8 0 0 0-14.6-4.5M4 4v4h4M4 13a8 8 0 0 0 14.6 4.5M20 20v-4h-4" />);
export const DownloadIcon = icon(<path d="M12 4v11M7 10.5l5 5 5-5M5 20h14" />);
export const PaperclipIcon = icon(<path d="m20 11.5-7.8 7.8a5 5 0 0 1-7.1-7.1l8.3-8.3a3.3 3.3 0 0 1 4.7 4.7l-8.2 8.2a1.7 1.7 0 0 1-2.4-2.4l7.5-7.5" />);
export const FileIcon = icon(<path d="M14 3.5H7A2 2 0 0 0 5 5.5v13a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8.5zM14 3.5v5h5M9 13h6M9 16.5h4" />);
export const ImageIcon = icon(
  <>
    <rect x="3.5" y="4.5" width="17" height="15" rx="2" />
    <circle cx="9" cy="10" r="1.8" />
    <path d="m20.5 16-5-5-9 8.5" />
  </>,
);
export const AudioIcon = icon(<path d="M5 9.5v5h3.5L13 19V5L8.5 9.5zM16.5 9a4 4 0 0 1 0 6M19 6.5a7.5 7.5 0 0 1 0 11" />);
export const TranslateIcon = icon(<path d="M4 6h9M8.5 4v2M6 6c.5 3 2.5 5.5 5.5 7M11 6c-.7 3.5-3 6.3-6.5 8M13 20l3.5-9 3.5 9M14.2 17h4.6" />);
export const SummaryIcon = icon(<path d="M5 6h14M5 10h14M5 14h9M5 18h6" />);
export const SparkIcon = icon(<path d="M12 3.5 13.8 9l5.7 1.8-5.7 1.9L12 18.5l-1.8-5.8-5.7-1.9L10.2 9zM18.5 16.5l.7 2 2 .7-2 .7-.7 2-.7-2-2-.7 2-.7z" />);
export const GlobeIcon = icon(
  <>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M3.5 12h17M12 3.5c2.3 2.4 3.5 5.2 3.5 8.5s-1.2 6.1-3.5 8.5c-2.3-2.4-3.5-5.2-3.5-8.5S9.7 5.9 12 3.5z" />
  </>,
);
export const RouteIcon = icon(
  <>
    <circle cx="6" cy="6" r="2.2" />
    <circle cx="18" cy="18" r="2.2" />
    <path d="M8.2 6H15a3 3 0 0 1 0 6H9a3 3 0 0 0 0 6h6.8" />
  </>,
);
export const PromptIcon = icon(<path d="M5 4.5h14a1.5 1.5 0 0 1 1.5 1.5v12a1.5 1.5 0 0 1-1.5 1.5H5A1.5 1.5 0 0 1 3.5 18V6A1.5 1.5 0 0 1 5 4.5zM7.5 9.5l3 2.5-3 2.5M12.5 15h4" />);
export const ChipIcon = icon(
  <>
    <rect x="6.5" y="6.5" width="11" height="11" rx="2" />
    <path d="M10 3.5v3M14 3.5v3M10 17.5v3M14 17.5v3M3.5 10h3M3.5 14h3M17.5 10h3M17.5 14h3" />
  </>,
);
export const ClockIcon = icon(
  <>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M12 7.5V12l3 2" />
  </>,
);
export const XCircleIcon = icon(
  <>
    <circle cx="12" cy="12" r="8.5" />
    <path d="m9 9 6 6M15 9l-6 6" />
  </>,
);
export const CheckCircleIcon = icon(
  <>
    <circle cx="12" cy="12" r="8.5" />
    <path d="m8.5 12.3 2.4 2.4 4.6-5" />
  </>,
);
export const SkipIcon = icon(
  <>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M8 12h8" />
  </>,
);
export const SpinnerIcon = icon(<path d="M12 3.5a8.5 8.5 0 1 0 8.5 8.5" className="spin" />);
export const EditIcon = icon(<path d="M4 20h4L19 9a2.8 2.8 0 0 0-4-4L4 16zM13.5 6.5l4 4" />);
export const ChevronLeftIcon = icon(<path d="m15 6-6 6 6 6" />);
export const MenuIcon = icon(<path d="M4 7h16M4 12h16M4 17h16" />);
export const ChevronRightIcon = icon(<path d="m9 6 6 6-6 6" />);
export const PlugOffIcon = icon(<path d="M4 4l16 16M9 4v4M15 4v3M7.5 8h9v3a4.5 4.5 0 0 1-1.4 3.3M12.5 15.5A4.5 4.5 0 0 1 7.5 11V8M12 15.5V20" />);

export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <path d="M9 11h14M9 16h9M9 21h12" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
      <circle cx="22" cy="16" r="2" fill="#fff" />
    </svg>
  );
}

/** Live support: a headset. */
export const HeadsetIcon = icon(<path d="M4.5 14v-2a7.5 7.5 0 0 1 15 0v2M4.5 14a1.5 1.5 0 0 1 1.5-1.5h1V18H6a1.5 1.5 0 0 1-1.5-1.5zM19.5 14a1.5 1.5 0 0 0-1.5-1.5h-1V18h1a1.5 1.5 0 0 0 1.5-1.5zM17 18c0 1.5-1.5 2.5-4 2.5" />);
/** An embeddable widget: a page with a chat bubble in its corner. */
export const WidgetIcon = icon(<path d="M19.5 11V6A1.5 1.5 0 0 0 18 4.5H6A1.5 1.5 0 0 0 4.5 6v12A1.5 1.5 0 0 0 6 19.5h5M4.5 8.5h15M14 14.5a1.5 1.5 0 0 1 1.5-1.5h4a1.5 1.5 0 0 1 1.5 1.5v3a1.5 1.5 0 0 1-1.5 1.5H17l-2 1.5v-1.5h0a1 1 0 0 1-1-1z" />);
/** A bell, for the alert setting. */
export const MailIcon = icon(<path d="M4.5 6h15A1.5 1.5 0 0 1 21 7.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 16.5v-9A1.5 1.5 0 0 1 4.5 6zM3.5 7l8.5 6.5L20.5 7" />);
export const PhoneIcon = icon(<path d="M7 3.5h2.5l1.5 4-2 1.5a10.5 10.5 0 0 0 6 6l1.5-2 4 1.5V17a2 2 0 0 1-2 2A15.5 15.5 0 0 1 5 5.5a2 2 0 0 1 2-2z" />);
export const BellIcon = icon(<path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 1.5h-15zM10 20.5a2 2 0 0 0 4 0" />);
const THUMB = 'M7 10v10M7 10H4.5A1.5 1.5 0 0 0 3 11.5v7A1.5 1.5 0 0 0 4.5 20H7M7 10l4-7a2.5 2.5 0 0 1 2.5 2.5V9h5a2 2 0 0 1 2 2.3l-1.3 7A2 2 0 0 1 17.2 20H7';
export const ThumbUpIcon = icon(<path d={THUMB} />);
export const ThumbDownIcon = icon(<path d={THUMB} transform="matrix(1 0 0 -1 0 24)" />);
/** A notebook with a bookmark: what Switchboard remembers about the user. */
export const MemoryIcon = icon(<path d="M6 3.5h11A1.5 1.5 0 0 1 18.5 5v14a1.5 1.5 0 0 1-1.5 1.5H6A1.5 1.5 0 0 1 4.5 19V5A1.5 1.5 0 0 1 6 3.5zM10 3.5V10l2-1.5 2 1.5V3.5" />);
/** A crossed-out eye: incognito, nothing is kept. */
export const EyeOffIcon = icon(<path d="M3 3l18 18M10.6 6.1A9.8 9.8 0 0 1 12 6c5 0 8.5 4.5 9.5 6a15.7 15.7 0 0 1-2.9 3.4M6.6 7.6A15.4 15.4 0 0 0 2.5 12c1 1.5 4.5 6 9.5 6a9.5 9.5 0 0 0 4.4-1.1M9.9 10a3 3 0 0 0 4.2 4.2" />);
