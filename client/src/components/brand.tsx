import { Link } from 'react-router-dom';
import { LogoMark } from './icons';

export function Brand() {
  return (
    <Link to="/chat" className="brand">
      <LogoMark />
      <span>Switchboard</span>
    </Link>
  );
}
