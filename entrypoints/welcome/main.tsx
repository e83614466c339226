import { render } from 'preact';
import { Welcome } from '../../src/ui/welcome/Welcome';
import '../../src/ui/base.css';

render(<Welcome />, document.getElementById('app')!);
