import { render } from 'preact';
import { StatusFrame } from '../../src/ui/status-frame/StatusFrame';
import '../../src/ui/base.css';
import '../../src/ui/frames/frames.css';

render(<StatusFrame />, document.getElementById('app')!);
