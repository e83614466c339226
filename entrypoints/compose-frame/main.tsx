import { render } from 'preact';
import { ComposeFrame } from '../../src/ui/compose/ComposeFrame';
import '../../src/ui/base.css';
import '../../src/ui/frames/frames.css';

render(<ComposeFrame />, document.getElementById('app')!);
